// Placeholder until the alert handler lands.
export const handler = async (): Promise<unknown> => ({});
