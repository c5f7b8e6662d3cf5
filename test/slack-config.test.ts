// The Slack adapter's configuration: which mode, what is missing or malformed, and command parsing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../adapters/platform.js';
import { loadSlackConfig, slackConfigured } from '../adapters/slack/config.js';

const BOT = 'xoxb-1-2-abc';
const messageOf = (env: NodeJS.ProcessEnv): string => {
  try {
    loadSlackConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('Slack configuration', () => {
  it('is configured exactly when SLACK_BOT_TOKEN is set', () => {
    expect(slackConfigured({ SLACK_BOT_TOKEN: BOT })).toBe(true);
    expect(slackConfigured({ SLACK_BOT_TOKEN: '  ' })).toBe(false);
    expect(slackConfigured({ SLACK_APP_TOKEN: 'xapp-1' })).toBe(false);
  });

  it('chooses Socket Mode when SLACK_APP_TOKEN is set', () => {
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: 'xapp-1-A-1-x' })).toEqual({ botToken: BOT, appToken: 'xapp-1-A-1-x', mode: 'socket', port: 3000 });
  });

  it('chooses HTTP mode on PORT (default 3000) with the signing secret otherwise', () => {
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: 's3cr3t' })).toEqual({ botToken: BOT, signingSecret: 's3cr3t', mode: 'http', port: 3000 });
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: 's', PORT: '8080' }).port).toBe(8080);
  });

  it('says HTTP mode needs the signing secret, and how to use Socket Mode instead', () => {
    const message = messageOf({ SLACK_BOT_TOKEN: BOT });
    expect(message).toContain('SLACK_SIGNING_SECRET is not set');
    expect(message).toContain('set SLACK_APP_TOKEN to use Socket Mode');
  });

  it('says the bot token must start with xoxb- and the app token with xapp-, without echoing them', () => {
    const message = messageOf({ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_APP_TOKEN: 'xoxb-wrong-kind' });
    expect(message).toContain('SLACK_BOT_TOKEN must be a bot token starting with "xoxb-"');
    expect(message).toContain('SLACK_APP_TOKEN must be an app-level token starting with "xapp-"');
    expect(message).not.toContain('xoxp-user-token');
    expect(message).not.toContain('xoxb-wrong-kind');
  });

  it('ignores PORT in Socket Mode, where nothing listens', () => {
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: 'xapp-1', PORT: 'abc' }).mode).toBe('socket');
  });

  it('rejects a PORT that is not a port number', () => {
    for (const PORT of ['abc', '0', '70000', '80.5', '-1']) {
      expect(messageOf({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: 's', PORT })).toContain(`PORT must be a port number from 1 to 65535, not "${PORT}"`);
    }
  });

  it('accepts SLACK_API_URL with or without a trailing slash and rejects a malformed one', () => {
    const env = { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: 'xapp-1' };
    expect(loadSlackConfig({ ...env, SLACK_API_URL: 'http://127.0.0.1:9/api' }).apiUrl).toBe('http://127.0.0.1:9/api/');
    expect(messageOf({ ...env, SLACK_API_URL: 'slack.com/api' })).toContain('SLACK_API_URL must be an http(s) URL');
    expect(messageOf({ ...env, SLACK_API_URL: 'ftp://x/' })).toContain('SLACK_API_URL must be an http(s) URL');
  });

  it('takes SLACK_BOT_ID and SLACK_BOT_USER_ID together, checking their shape', () => {
    const env = { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: 'xapp-1' };
    expect(loadSlackConfig({ ...env, SLACK_BOT_ID: 'B01', SLACK_BOT_USER_ID: 'U01' })).toMatchObject({ botId: 'B01', botUserId: 'U01' });
    expect(messageOf({ ...env, SLACK_BOT_ID: 'B01' })).toContain('Set both SLACK_BOT_ID and SLACK_BOT_USER_ID, or neither');
    expect(messageOf({ ...env, SLACK_BOT_ID: 'U01', SLACK_BOT_USER_ID: 'B01' })).toMatch(/SLACK_BOT_ID must look like B.*\n- SLACK_BOT_USER_ID must look like U/);
  });

  it('lists every problem at once', () => {
    const message = messageOf({ SLACK_BOT_TOKEN: 'nope', PORT: 'x' });
    expect(message.split('\n- ')).toHaveLength(4); // heading + bot token + signing secret + port
  });
});

describe('Slack app manifest', () => {
  const manifest = readFileSync('adapters/slack/manifest.yml', 'utf8');
  // The items of a YAML list under `key:` (enough for this file; no YAML parser among the dependencies).
  const listed = (key: string) => {
    const block = new RegExp(`^( *)${key}:\\n((?:\\1  - .*\\n)+)`, 'm').exec(manifest)?.[2] ?? '';
    return [...block.matchAll(/- ([\w.:]+)/g)].map((m) => m[1]);
  };

  it('asks for the scopes and events the adapter uses, and nothing more', () => {
    expect(listed('bot')).toEqual(['app_mentions:read', 'chat:write', 'commands', 'im:history', 'im:read', 'im:write']);
    expect(listed('bot_events')).toEqual(['app_mention', 'message.im']);
  });

  it('declares the /results command, a DM-able bot user, interactivity and Socket Mode', () => {
    for (const line of ['command: /results', 'messages_tab_enabled: true', 'bot_user:', 'is_enabled: true', 'socket_mode_enabled: true']) {
      expect(manifest).toContain(line);
    }
  });
});
