/**
 * XML-borne formats: SOAP 1.1 (text/xml with a SOAPAction header), SOAP 1.2 (application/soap+xml,
 * operation in the `action` parameter), XML-RPC (`<methodCall><methodName>`), and plain XML.
 * The operation comes from the action when it names one, else from the first child element of
 * the SOAP Body (its local name: `<ns2:TransferRequest>` → `TransferRequest`).
 */
import type { FormatInfo } from '../../../core/endpoint.js';
import { declaredNamespace, localName, nextTag, prefixOf } from './xml-scan.js';

const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
const WSDL_NS = /^http:\/\/(schemas\.xmlsoap\.org\/wsdl\/|www\.w3\.org\/ns\/wsdl)/;
// Tags walked before giving up (a WS-Security header can hold a few dozen).
const MAX_TAGS = 400;

export interface XmlShape {
  /** local name of the root element ('' when none was found) */
  root: string;
  /** namespace of the root element, when declared on it */
  rootNs?: string;
  /** SOAP envelope: local name of the Body's first child */
  bodyChild?: string;
  /** XML-RPC: text of methodName */
  methodName?: string;
}

/** Root element and, for SOAP envelopes and XML-RPC calls, the operation inside. */
export function scanXmlShape(text: string): XmlShape {
  const root = nextTag(text, 0);
  if (!root || root.kind === 'close') return { root: '' };
  const shape: XmlShape = { root: localName(root.name) };
  const ns = declaredNamespace(text, root, prefixOf(root.name));
  if (ns !== undefined) shape.rootNs = ns;
  if (root.kind === 'empty') return shape;
  if (shape.root === 'Envelope') {
    const child = bodyFirstChild(text, root.end);
    if (child) shape.bodyChild = child;
  } else if (shape.root === 'methodCall') {
    const m = methodName(text, root.end);
    if (m) shape.methodName = m;
  }
  return shape;
}

/** Depth 1 is the Envelope's children (Header, Body); the Body's first child is at depth 2. */
function bodyFirstChild(text: string, from: number): string | undefined {
  let depth = 1;
  let inBody = false;
  let t = nextTag(text, from);
  for (let n = 0; t && n < MAX_TAGS; n++, t = nextTag(text, t.end)) {
    if (t.kind === 'close') {
      depth--;
      if (inBody && depth <= 1) return undefined; // Body closed without children
      if (depth <= 0) return undefined;
      continue;
    }
    if (inBody && depth === 2) return localName(t.name);
    if (depth === 1 && localName(t.name) === 'Body') {
      if (t.kind === 'empty') return undefined;
      inBody = true;
    }
    if (t.kind === 'open') depth++;
  }
  return undefined;
}

function methodName(text: string, from: number): string | undefined {
  const t = nextTag(text, from);
  if (!t || t.kind !== 'open' || localName(t.name) !== 'methodName') return undefined;
  const lt = text.indexOf('<', t.end);
  const name = text.slice(t.end, lt < 0 ? Math.min(text.length, t.end + 256) : lt).trim();
  return name && name.length <= 256 ? name : undefined;
}

/**
 * The operation a SOAP action names: its last path or fragment part (`http://tempuri.org/IAccount/GetBalance`
 * → `GetBalance`, `urn:bank:payment#Transfer` → `Transfer`, `urn:QueryBalance` → `QueryBalance`).
 * Undefined when the action is empty or ends in a separator.
 */
export function soapActionOperation(action: string | undefined): string | undefined {
  if (action === undefined) return undefined;
  const a = action.trim().replace(/^"|"$/g, '').trim();
  if (!a) return undefined;
  let cut = Math.max(a.lastIndexOf('/'), a.lastIndexOf('#'));
  if (cut < 0) cut = a.lastIndexOf(':');
  const op = a.slice(cut + 1);
  return op || undefined;
}

/**
 * Classify an XML request body. `version` is set when the headers already told SOAP (1.1 by a
 * SOAPAction header, 1.2 by the media type); `action` is the header's or parameter's value.
 */
export function classifyXml(text: string, version: '1.1' | '1.2' | undefined, action: string | undefined, why: string): FormatInfo {
  const fromAction = soapActionOperation(action);
  if (version && fromAction) return { format: 'soap', operation: { name: fromAction }, reason: why };
  const shape = scanXmlShape(text);
  if (version || (shape.root === 'Envelope' && (shape.rootNs === SOAP11_NS || shape.rootNs === SOAP12_NS || shape.rootNs === undefined))) {
    const info: FormatInfo = { format: 'soap', reason: version ? why : 'SOAP envelope in body' };
    if (shape.bodyChild) info.operation = { name: shape.bodyChild };
    else if (shape.root !== 'Envelope') info.notes = ['soap.no_envelope'];
    return info;
  }
  if (shape.root === 'methodCall') {
    const info: FormatInfo = { format: 'xml-rpc', reason: 'XML-RPC methodCall body' };
    if (shape.methodName) info.operation = { name: shape.methodName };
    return info;
  }
  return { format: 'xml', reason: why };
}

/** An XML response to a request without a body: plain XML, with a note when it is a WSDL document. */
export function classifyXmlResponse(text: string, why: string): FormatInfo {
  const shape = scanXmlShape(text);
  const info: FormatInfo = { format: 'xml', reason: why };
  if ((shape.root === 'definitions' || shape.root === 'description') && shape.rootNs !== undefined && WSDL_NS.test(shape.rootNs)) {
    info.notes = ['soap.wsdl'];
  }
  return info;
}
