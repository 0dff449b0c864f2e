import { describe, expect, it } from 'vitest';
import { VOCAB } from './vocabulary.js';
import { findClass, operationSegments, paramLeaf, pathSegments, splitWords } from './words.js';

describe('splitWords', () => {
  it.each([
    ['getSMSCode', ['get', 'sms', 'code']],
    ['forget-password', ['forget', 'password']],
    ['login_with.token', ['login', 'with', 'token']],
    ['oauth2', ['oauth']],
    ['ListAccounts', ['list', 'accounts']],
    ['queryTransList', ['query', 'trans', 'list']],
  ])('%s', (s, words) => expect(splitWords(s)).toEqual(words));
});

describe('pathSegments', () => {
  it('drops params, versions and extensions; the last kept segment is the action', () => {
    const { segments, endsWithParam } = pathSegments('/identity/api/auth/v2.7/user/{userId}/resetPwd.do');
    expect(segments.map((s) => s.raw)).toEqual(['identity', 'api', 'auth', 'user', 'resetPwd']);
    expect(segments.filter((s) => s.action).map((s) => s.raw)).toEqual(['resetPwd']);
    expect(endsWithParam).toBe(false);
    expect(pathSegments('/users/v1/{username}').endsWithParam).toBe(true);
  });

  it('takes the operation method as the action', () => {
    const segs = operationSegments({ name: 'bank.account.v1.AccountService/ListAccounts' });
    expect(segs.filter((s) => s.action).map((s) => s.raw)).toEqual(['ListAccounts']);
  });
});

describe('findClass', () => {
  const find = (path: string, cls: keyof typeof VOCAB): string | undefined => findClass(pathSegments(path).segments, VOCAB[cls])?.shown;
  it('finds words, joined neighbours and compounds', () => {
    expect(find('/api/user/login', 'login')).toBe('login');
    expect(find('/api/user/sign-in', 'login')).toBe('sign in');
    expect(find('/ebank/custlogin.do', 'login')).toBe('custlogin');
    expect(find('/app/getsmscode', 'sendVerb')).toBe('getsmscode');
  });
  it('a qualifier after a noun means records about it', () => {
    expect(find('/api/loginHistory', 'login')).toBeUndefined();
    expect(find('/api/payRecords', 'payment')).toBeUndefined();
  });
  it('action words count only in the action segment', () => {
    expect(find('/api/login/captcha', 'login')).toBeUndefined();
  });
  it('short words do not hide in compounds', () => {
    expect(find('/api/address', 'create')).toBeUndefined();
    expect(find('/api/username', 'queryNoun')).toBeUndefined();
  });
});

describe('paramLeaf', () => {
  it.each([
    ['user.newPassword', 'newpassword'],
    ['items[].sms_code', 'smscode'],
    ['page-size', 'pagesize'],
  ])('%s', (name, leaf) => expect(paramLeaf(name)).toBe(leaf));
});
