/**
 * The system under test for the Discord path, in a process of its own: the real Discord adapter (discord.js) over the
 * real core, or a bare discord.js client that answers every slash command with "ok", connected to the fake Discord.
 *
 *   node --import tsx bench/discord-server.ts --mode adapter|bare --api-url <fake Discord>/api [--kb dir] [--warm questions.json --warm-asks N]
 *
 * Prints {"ready": true} once the gateway session is ready, then follows commands on stdin (mark, cpu, stop).
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { readDiscordConfig } from '../adapters/discord/config.js';
import { startDiscord } from '../adapters/discord/index.js';
import { createLogger } from '../adapters/log.js';
import { TOKEN } from '../test/fakes/discord.js';
import { coreThread, followCommands, isMain, option, type CoreUsage } from './lib.js';

const opt = option;

async function main(): Promise<void> {
  let usage: CoreUsage | undefined; // time in the core, in adapter mode
  const mode = opt('mode', 'adapter');
  const apiUrl = opt('api-url')!;
  let stop: () => Promise<void>;
  if (mode === 'bare') {
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl } });
    client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand()) void interaction.reply({ content: 'ok' }).catch(() => {});
    });
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(TOKEN);
    await ready;
    stop = () => client.destroy();
  } else {
    // As `npm start` runs it: the core on its own thread.
    const thread = await coreThread(opt('kb', 'knowledge')!);
    usage = thread.usage;
    const running = await startDiscord(thread.core, readDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: apiUrl }), createLogger('error'));
    stop = async () => {
      await running.stop();
      await thread.close();
    };
  }
  process.stdout.write(JSON.stringify({ ready: true }) + '\n');
  await followCommands(stop, usage);
}

if (isMain(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`discord-server: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
