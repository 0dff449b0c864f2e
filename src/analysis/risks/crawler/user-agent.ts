/**
 * What a User-Agent (and the headers beside it) says about automation: a headless browser, a
 * scripting tool or library, a declared bot, or a browser that sends no Accept-Language (real
 * browsers always do). Library User-Agents that banking apps and partner servers ship with
 * (okhttp, Apache-HttpClient) are not counted: they say "an app", not "a crawler".
 *
 *   userAgentClass('Mozilla/5.0 … HeadlessChrome/122.0 …')   // HEADLESS | BROWSER
 *   userAgentClass('python-requests/2.31.0')                   // TOOL
 */
export const HEADLESS = 1;
export const TOOL = 2;
export const BROWSER = 4;

const HEADLESS_UA = /HeadlessChrome|PhantomJS|SlimerJS|HtmlUnit|Selenium|WebDriver|puppeteer|playwright|Electron\/|jsdom|splash/i;
const TOOL_UA =
  /^(?:python-requests|python-urllib|python-httpx|aiohttp|httpx|scrapy|pycurl|curl|wget|go-http-client|go-resty|node-fetch|axios|got|undici|libwww-perl|lwp|java\/|ruby|faraday|guzzle|colly|httpie|postmanruntime|apache-jmeter|insomnia|winhttp|powershell|mechanize|http_request2)\b|\b(?:bot|spider|crawler|scraper)\b|scrapy/i;

/** Classes of a User-Agent as bits (0: nothing said); undefined or empty is a tool. */
export function userAgentClass(ua: string | undefined): number {
  if (ua === undefined || ua.trim() === '') return TOOL;
  let c = 0;
  if (HEADLESS_UA.test(ua)) c |= HEADLESS;
  if (TOOL_UA.test(ua)) c |= TOOL;
  if (ua.startsWith('Mozilla/') && !/\b(?:bot|spider|crawler)\b/i.test(ua)) c |= BROWSER;
  return c;
}
