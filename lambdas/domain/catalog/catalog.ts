import data from './catalog.json';
import { normalizeText } from '../nlu/text';

export type StockStatus = 'IN_STOCK' | 'LOW_STOCK' | 'OUT_OF_STOCK';

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly price: number;
  readonly stock: StockStatus;
  readonly restockDate?: string;
  readonly details: string;
}

export interface ProductCategory {
  readonly id: string;
  readonly label: string;
  readonly aliases: readonly string[];
  readonly products: readonly Product[];
}

export const CATALOG: readonly ProductCategory[] = (data as { categories: ProductCategory[] }).categories;

const compact = (text: string): string => normalizeText(text).replace(/ /g, '');

/** Names and aliases, longest first, so "무선청소기" wins over "청소기". */
const PRODUCT_TERMS = CATALOG.flatMap((category) =>
  category.products.flatMap((product) => [product.name, ...product.aliases].map((term) => ({ term: compact(term), product, category }))),
).sort((a, b) => b.term.length - a.term.length);

/** The first catalogue product named in the text, if any. */
export const findProductMention = (text: string): { product: Product; category: ProductCategory } | undefined => {
  const haystack = compact(text);
  const hit = PRODUCT_TERMS.find((t) => t.term.length >= 2 && haystack.includes(t.term));
  return hit ? { product: hit.product, category: hit.category } : undefined;
};

export const findCategoryMention = (text: string): ProductCategory | undefined => {
  const haystack = compact(text);
  return CATALOG.find((c) => [c.label, ...c.aliases].some((a) => haystack.includes(compact(a))));
};

/** 459000 → "45만 9천원", speakable and readable. */
export const formatWon = (amount: number): string => {
  const man = Math.floor(amount / 10000);
  const rest = amount % 10000;
  const parts: string[] = [];
  if (man > 0) parts.push(`${man}만`);
  if (rest > 0) parts.push(rest % 1000 === 0 ? `${rest / 1000}천` : `${rest.toLocaleString('ko-KR')}`);
  return `${parts.join(' ')}원`;
};
