export const usage = 'faq';
export const run = async (): Promise<number> => 0;
