/** A setting the function cannot run without: fail at cold start, with its name, rather than on first use. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}
