import { describe, expect, it } from 'vitest';
import { classifyXml, classifyXmlResponse, scanXmlShape, soapActionOperation } from './xml-formats.js';

const SOAP11 = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:acc="http://bank.example.com/account/v1">
  <soapenv:Header>
    <wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">
      <wsse:UsernameToken><wsse:Username>teller01</wsse:Username><wsse:Password>***</wsse:Password></wsse:UsernameToken>
    </wsse:Security>
  </soapenv:Header>
  <soapenv:Body>
    <acc:GetBalanceRequest><acc:AccountNo>6222021234567890123</acc:AccountNo></acc:GetBalanceRequest>
  </soapenv:Body>
</soapenv:Envelope>`;

const SOAP12 = `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><p:Transfer xmlns:p="urn:pay"/></env:Body></env:Envelope>`;

describe('scanXmlShape', () => {
  it('finds the first Body child past a WS-Security header', () => {
    expect(scanXmlShape(SOAP11)).toEqual({ root: 'Envelope', rootNs: 'http://schemas.xmlsoap.org/soap/envelope/', bodyChild: 'GetBalanceRequest' });
    expect(scanXmlShape(SOAP12).bodyChild).toBe('Transfer');
  });

  it('does not take a Header element named Body, nor an empty Body', () => {
    const tricky = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><x:Body/></s:Header><s:Body></s:Body></s:Envelope>';
    expect(scanXmlShape(tricky).bodyChild).toBeUndefined();
    expect(scanXmlShape('<s:Envelope><s:Body/></s:Envelope>').bodyChild).toBeUndefined();
  });

  it('reads the XML-RPC method name', () => {
    expect(scanXmlShape('<?xml version="1.0"?>\n<methodCall>\n  <methodName>bank.getBalance</methodName><params/></methodCall>').methodName).toBe('bank.getBalance');
  });

  it('survives malformed and truncated XML', () => {
    expect(scanXmlShape('<soapenv:Envelope><soapenv:Body><op').bodyChild).toBeUndefined();
    expect(scanXmlShape('not xml at all')).toEqual({ root: '' });
    expect(scanXmlShape('</closing-first>')).toEqual({ root: '' });
    expect(scanXmlShape(SOAP11.slice(0, 400)).root).toBe('Envelope');
  });
});

describe('soapActionOperation', () => {
  it('takes the last path, fragment or URN part', () => {
    expect(soapActionOperation('"http://tempuri.org/IAccountService/GetBalance"')).toBe('GetBalance');
    expect(soapActionOperation('urn:bank:payment#Transfer')).toBe('Transfer');
    expect(soapActionOperation('urn:QueryBalance')).toBe('QueryBalance');
    expect(soapActionOperation('GetBalance')).toBe('GetBalance');
  });

  it('has no operation for empty actions or a trailing separator', () => {
    expect(soapActionOperation('""')).toBeUndefined();
    expect(soapActionOperation('')).toBeUndefined();
    expect(soapActionOperation('http://bank.example/ws/')).toBeUndefined();
    expect(soapActionOperation(undefined)).toBeUndefined();
  });
});

describe('classifyXml', () => {
  it('prefers the action, falls back to the Body child', () => {
    expect(classifyXml(SOAP11, '1.1', '"http://bank.example.com/account/v1/GetBalance"', 'SOAPAction header').operation).toEqual({ name: 'GetBalance' });
    expect(classifyXml(SOAP11, '1.1', '""', 'SOAPAction header').operation).toEqual({ name: 'GetBalanceRequest' });
  });

  it('recognises an envelope without any SOAP header, and XML-RPC, and plain XML', () => {
    expect(classifyXml(SOAP12, undefined, undefined, 'content-type text/xml')).toMatchObject({ format: 'soap', operation: { name: 'Transfer' } });
    expect(classifyXml('<methodCall><methodName>pay</methodName></methodCall>', undefined, undefined, 'x')).toMatchObject({ format: 'xml-rpc', operation: { name: 'pay' } });
    expect(classifyXml('<Envelope xmlns="urn:not-soap"><Body><A/></Body></Envelope>', undefined, undefined, 'x').format).toBe('xml');
    expect(classifyXml('<order><id>1</id></order>', undefined, undefined, 'content-type application/xml')).toEqual({ format: 'xml', reason: 'content-type application/xml' });
  });

  it('keeps SOAP when headers say so even if the body is not an envelope', () => {
    expect(classifyXml('garbage', '1.1', '', 'SOAPAction header')).toEqual({ format: 'soap', reason: 'SOAPAction header', notes: ['soap.no_envelope'] });
  });

  it('notes a WSDL response', () => {
    const wsdl = '<?xml version="1.0"?><wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" name="AccountService"/>';
    expect(classifyXmlResponse(wsdl, 'r').notes).toEqual(['soap.wsdl']);
    expect(classifyXmlResponse('<rss/>', 'r').notes).toBeUndefined();
  });
});
