// Placeholder until the schedule handler lands.
export const handler = async (): Promise<unknown> => ({});
