// Filled in by the engine integration work; kept empty so unit tests can run on their own.
export default async function setup(): Promise<void> {}
