import { describe, expect, it } from 'vitest';
import { hubClientConfig, passwordInHubUrl, redactHubUrl } from '../../src-main/services/hub/hubConnection';

// The URL is kept in settings and shown in `hub status`, the indicator and its events: no form of
// password written in it may stay there.

describe('a hub URL with a password in it', () => {
  it('after the role is taken out for storing and showing, and still used to connect', () => {
    const url = 'postgres://alice:s3cr%40t@hub.example.org:5432/firebreak';
    expect(redactHubUrl(url)).toBe('postgres://alice@hub.example.org:5432/firebreak');
    expect(passwordInHubUrl(url)).toBe('s3cr@t');
    expect(hubClientConfig({ url }).password).toBe('s3cr@t');
  });

  it('as ?password= (as libpq reads it) is taken out for storing and showing too, and still used to connect', () => {
    const url = 'postgres://alice@hub.example.org:5432/firebreak?sslmode=require&password=s3cret';
    const shown = redactHubUrl(url);
    expect(shown).not.toContain('s3cret');
    expect(shown).toBe('postgres://alice@hub.example.org:5432/firebreak?sslmode=require');
    expect(passwordInHubUrl(url)).toBe('s3cret');
    expect(hubClientConfig({ url }).password).toBe('s3cret');
    expect(hubClientConfig({ url: shown, password: 'given' }).password).toBe('given');
  });

  it('none: nothing is invented', () => {
    expect(passwordInHubUrl('postgres://alice@hub.example.org/firebreak')).toBeUndefined();
  });
});
