/** A demo account as printed by the server's first-start seed. */
export interface DemoAccount {
  role: string;
  email: string;
  password: string;
}

/**
 * Reads the demo credentials the seed prints on first start: every line with an email address and a
 * password (`password: x`, `password=x` or the token after the email), tagged with the role word the
 * line contains. Pino JSON lines are unwrapped to their `msg` first.
 */
export function parseDemoAccounts(output: string): DemoAccount[] {
  const accounts: DemoAccount[] = [];
  for (const raw of output.split('\n')) {
    let line = raw;
    if (line.startsWith('{')) {
      try {
        const parsed = JSON.parse(line) as { msg?: string };
        line = parsed.msg ?? line;
      } catch {
        // Not JSON after all.
      }
    }
    const email = /([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/.exec(line)?.[1];
    if (!email) continue;
    const afterEmail = line.slice(line.indexOf(email) + email.length);
    const password =
      /password\s*[:=]\s*(\S+)/i.exec(line)?.[1] ?? /^\s*[/|:,]?\s*(\S{8,})/.exec(afterEmail)?.[1];
    if (!password) continue;
    const role = /\b(admin|moderator|participant|observer)\b/i.exec(line)?.[1]?.toLowerCase() ?? 'unknown';
    accounts.push({ role, email, password: password.replace(/[",)]+$/, '') });
  }
  return accounts;
}
