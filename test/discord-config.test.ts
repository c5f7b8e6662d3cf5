import { describe, expect, it } from 'vitest';
import { discordConfigured, readDiscordConfig } from '../adapters/discord/config.js';
import { ConfigError } from '../adapters/platform.js';
import { TOKEN } from './fakes/discord.js';

const configError = (env: NodeJS.ProcessEnv): ConfigError => {
  try {
    readDiscordConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('Discord configuration', () => {
  it('is switched on by a non-blank DISCORD_TOKEN, even a malformed one, so start can explain it', () => {
    expect(discordConfigured({})).toBe(false);
    expect(discordConfigured({ DISCORD_TOKEN: '   ' })).toBe(false);
    expect(discordConfigured({ DISCORD_TOKEN: 'oops' })).toBe(true);
  });

  it('reads a valid environment, with the public API as the default', () => {
    expect(readDiscordConfig({ DISCORD_TOKEN: ` ${TOKEN}\n` })).toEqual({
      token: TOKEN,
      applicationId: undefined,
      guildId: undefined,
      apiUrl: 'https://discord.com/api',
      messageContentIntent: true,
    });
    const config = readDiscordConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_GUILD_ID: '323456789012345678',
      DISCORD_API_URL: 'http://127.0.0.1:9999/api/',
      DISCORD_MESSAGE_CONTENT: 'false',
    });
    expect(config).toMatchObject({
      applicationId: '123456789012345678',
      guildId: '323456789012345678',
      apiUrl: 'http://127.0.0.1:9999/api',
      messageContentIntent: false,
    });
  });

  it('says how to get a token when DISCORD_TOKEN is missing', () => {
    expect(configError({}).message).toMatch(/DISCORD_TOKEN is not set.*Reset Token/);
  });

  it('names the mistake in a malformed token without echoing the token', () => {
    expect(configError({ DISCORD_TOKEN: `Bot ${TOKEN}` }).message).toMatch(/without the prefix/);
    expect(configError({ DISCORD_TOKEN: `"${TOKEN}"` }).message).toMatch(/quotes/);
    expect(configError({ DISCORD_TOKEN: '123456789012345678' }).message).toMatch(/application id, not a bot token/);
    const secret = 'abcdefghijklmnopqrstuvwxyz012345'; // an OAuth2 client secret: no dots
    const error = configError({ DISCORD_TOKEN: secret });
    expect(error.message).toMatch(/DISCORD_TOKEN is malformed.*not the OAuth2 client secret/);
    expect(error.message).not.toContain(secret);
  });

  it('rejects ids that are not snowflakes', () => {
    expect(configError({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: 'results-bot' }).message).toMatch(
      /DISCORD_APPLICATION_ID is malformed: expected a numeric Discord id/,
    );
    expect(configError({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: '12' }).message).toMatch(/DISCORD_GUILD_ID is malformed/);
  });

  it('rejects a malformed DISCORD_API_URL, one with the version, and one that is not http(s)', () => {
    expect(configError({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: 'discord.com/api' }).message).toMatch(
      /DISCORD_API_URL is not a URL/,
    );
    expect(configError({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: 'ftp://discord.com/api' }).message).toMatch(
      /must be an http\(s\) URL/,
    );
    expect(configError({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: 'https://discord.com/api/v10' }).message).toMatch(
      /leave out the API version/,
    );
  });

  it('accepts only a yes or no for DISCORD_MESSAGE_CONTENT', () => {
    expect(configError({ DISCORD_TOKEN: TOKEN, DISCORD_MESSAGE_CONTENT: 'maybe' }).message).toMatch(
      /DISCORD_MESSAGE_CONTENT must be true or false/,
    );
  });
});
