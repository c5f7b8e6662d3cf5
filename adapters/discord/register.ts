/**
 * `npm run discord:register`: registers the slash commands, globally or, with DISCORD_GUILD_ID, to one server
 * (guild commands show up at once; global ones can take a while to reach every client).
 * A bulk overwrite (PUT), so running it again changes nothing and removes commands this bot no longer has.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DiscordAPIError, REST, Routes, type APIApplication, type APIApplicationCommand } from 'discord.js';
import { createLogger, type Level, type Logger } from '../log.js';
import { ConfigError } from '../platform.js';
import { readDiscordConfig, type DiscordConfig } from './config.js';
import { commands } from './commands/index.js';

export interface Registered {
  scope: 'global' | 'guild';
  applicationId: string;
  names: string[];
}

export async function registerCommands(config: DiscordConfig, log: Logger): Promise<Registered> {
  const rest = new REST({ api: config.apiUrl }).setToken(config.token);
  try {
    // The token alone identifies the application, so DISCORD_APPLICATION_ID is optional.
    const applicationId = config.applicationId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
    const route = config.guildId
      ? Routes.applicationGuildCommands(applicationId, config.guildId)
      : Routes.applicationCommands(applicationId);
    const body = commands.map((command) => command.data);
    const stored = (await rest.put(route, { body })) as APIApplicationCommand[];
    const registered: Registered = {
      scope: config.guildId ? 'guild' : 'global',
      applicationId,
      names: stored.map((command) => command.name),
    };
    log.info({ ...registered, guild: config.guildId }, 'registered the slash commands');
    return registered;
  } catch (error) {
    throw explain(error, config);
  }
}

function explain(error: unknown, config: DiscordConfig): unknown {
  if (!(error instanceof DiscordAPIError)) return error;
  if (error.status === 401) {
    return new ConfigError('DISCORD_TOKEN was rejected by Discord: reset it in the developer portal (Bot > Reset Token).');
  }
  if (error.code === 10002 || (error.status === 403 && !config.guildId)) {
    return new ConfigError(
      `DISCORD_APPLICATION_ID (${config.applicationId}) is not the application of DISCORD_TOKEN: fix it or leave it unset.`,
    );
  }
  if (config.guildId && (error.status === 403 || error.code === 10004)) {
    return new ConfigError(
      `Cannot register to DISCORD_GUILD_ID ${config.guildId}: invite the bot to that server ` +
        'with the applications.commands scope first (see adapters/discord/SETUP.md).',
    );
  }
  return error;
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env'); // as npm start does; variables already set win
  const log = createLogger((process.env.LOG_LEVEL as Level) || 'info');
  try {
    const { scope, names } = await registerCommands(readDiscordConfig(process.env), log);
    process.stdout.write(`Registered ${names.map((n) => `/${n}`).join(', ')} (${scope}).\n`);
  } catch (error) {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`Registration failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
