// The package ships no type declarations; this covers the part quotebot uses.
declare module "cldr-segmentation" {
  export interface Suppressions {
    shouldBreak(cursor: unknown): boolean;
  }
  export function sentenceSplit(text: string, suppressions?: Suppressions): string[];
  export const suppressions: Record<string, Suppressions>;
  const cldr: { sentenceSplit: typeof sentenceSplit; suppressions: typeof suppressions };
  export default cldr;
}
