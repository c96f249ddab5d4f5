export const runSimulateCommand = async (_argv: string[]): Promise<number> => 2;
