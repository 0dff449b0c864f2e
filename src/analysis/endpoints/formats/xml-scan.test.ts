import { describe, expect, it } from 'vitest';
import { declaredNamespace, localName, nextTag, prefixOf, type XmlTag } from './xml-scan.js';

function tags(text: string): string[] {
  const out: string[] = [];
  for (let t: XmlTag | undefined = nextTag(text, 0); t; t = nextTag(text, t.end)) out.push(`${t.kind}:${t.name}`);
  return out;
}

describe('nextTag', () => {
  it('skips the declaration, comments, PIs and CDATA', () => {
    const xml = '<?xml version="1.0" encoding="GBK"?>\n<!-- <fake/> --><?pi <x>?><a><![CDATA[<notatag>]]><b/></a>';
    expect(tags(xml)).toEqual(['open:a', 'empty:b', 'close:a']);
  });

  it('skips a DOCTYPE with an internal subset (XXE shape)', () => {
    const xml = '<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> <!ELEMENT foo ANY> ]><foo>&xxe;</foo>';
    expect(tags(xml)).toEqual(['open:foo', 'close:foo']);
  });

  it("honours '>' inside quoted attribute values", () => {
    expect(tags(`<a x="1>2" y='<b>'><c/></a>`)).toEqual(['open:a', 'empty:c', 'close:a']);
  });

  it('treats stray < as text and stops at markup cut off by the window', () => {
    expect(tags('1 < 2 <a>x</a')).toEqual(['open:a']);
    expect(tags('<a attr="never closed>')).toEqual([]);
    expect(tags('<!-- unterminated comment <a>')).toEqual([]);
    expect(tags('')).toEqual([]);
    expect(tags('<')).toEqual([]);
  });

  it('handles a long run of junk in linear time', () => {
    const junk = '<'.repeat(200_000) + '<a>';
    const t0 = performance.now();
    expect(tags(junk)).toEqual(['open:a']);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe('names and namespaces', () => {
  it('splits qualified names', () => {
    expect(localName('soapenv:Body')).toBe('Body');
    expect(prefixOf('soapenv:Body')).toBe('soapenv');
    expect(localName('Body')).toBe('Body');
    expect(prefixOf('Body')).toBe('');
  });

  it('finds prefixed and default namespace declarations on a tag', () => {
    const xml = `<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/' xmlns="urn:default">`;
    const t = nextTag(xml, 0)!;
    expect(declaredNamespace(xml, t, 'soap')).toBe('http://schemas.xmlsoap.org/soap/envelope/');
    expect(declaredNamespace(xml, t, '')).toBe('urn:default');
    expect(declaredNamespace(xml, t, 'env')).toBeUndefined();
  });
});
