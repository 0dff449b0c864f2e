import { describe, expect, it } from 'vitest';
import { isFileType, isJsonType, isStaticType, isXmlType, mediaEssence, mediaParam } from './media-type.js';

describe('mediaEssence', () => {
  it('drops parameters, spaces and case', () => {
    expect(mediaEssence(' Application/JSON ; charset=UTF-8')).toBe('application/json');
    expect(mediaEssence('text/XML;charset="gbk"')).toBe('text/xml');
    expect(mediaEssence('application/json')).toBe('application/json');
    expect(mediaEssence('application/jsonp')).toBe('application/jsonp');
  });

  it('takes the first of comma-joined types and tolerates absence', () => {
    expect(mediaEssence('application/json, text/plain')).toBe('application/json');
    expect(mediaEssence(undefined)).toBe('');
    expect(mediaEssence('')).toBe('');
    expect(mediaEssence(';;;')).toBe('');
  });
});

describe('mediaParam', () => {
  it('reads quoted and bare values, case-insensitively by name', () => {
    const ct = 'application/soap+xml; charset=utf-8; ACTION="urn:bank:payment#Transfer"';
    expect(mediaParam(ct, 'action')).toBe('urn:bank:payment#Transfer');
    expect(mediaParam(ct, 'charset')).toBe('utf-8');
    expect(mediaParam('multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk', 'boundary')).toBe('----WebKitFormBoundary7MA4YWxk');
  });

  it('keeps semicolons and escaped quotes inside a quoted value', () => {
    expect(mediaParam('a/b; action="x;y\\"z"; q=1', 'action')).toBe('x;y"z');
    expect(mediaParam('a/b; action="x;y\\"z"; q=1', 'q')).toBe('1');
  });

  it('returns undefined for missing parameters and broken syntax without throwing', () => {
    expect(mediaParam('text/xml', 'action')).toBeUndefined();
    expect(mediaParam('text/xml; action', 'action')).toBeUndefined();
    expect(mediaParam('text/xml; action="unterminated', 'action')).toBe('unterminated');
    expect(mediaParam(undefined, 'action')).toBeUndefined();
  });
});

describe('media families', () => {
  it('tells JSON, XML, static and file types apart', () => {
    expect(isJsonType('application/problem+json')).toBe(true);
    expect(isJsonType('application/javascript')).toBe(false);
    expect(isXmlType('application/soap+xml')).toBe(true);
    expect(isStaticType('image/png')).toBe(true);
    expect(isStaticType('application/javascript')).toBe(true);
    expect(isStaticType('application/json')).toBe(false);
    expect(isFileType('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe(true);
    expect(isFileType('application/vnd.ms-excel')).toBe(true);
    expect(isFileType('application/vnd.ms-fontobject')).toBe(false);
    expect(isFileType('text/html')).toBe(false);
  });
});
