// Placeholder until the api handler lands.
export const handler = async (): Promise<unknown> => ({});
