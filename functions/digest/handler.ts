// Placeholder until the digest handler lands.
export const handler = async (): Promise<unknown> => ({});
