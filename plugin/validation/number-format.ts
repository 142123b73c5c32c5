// Danish number formats for the validation report: comma decimals, point thousands, a space before "%".
export const danishInteger = (n: number): string => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
export const danishDecimal = (x: number, decimals: number): string => {
  const [whole, fraction] = Math.abs(x).toFixed(decimals).split('.');
  return `${x < 0 && Number(Math.abs(x).toFixed(decimals)) !== 0 ? '−' : ''}${danishInteger(Number(whole))}${fraction ? `,${fraction}` : ''}`;
};
export const danishPercent = (share: number, decimals = 1): string => `${danishDecimal(share * 100, decimals)} %`;
/** "12,3 % (9,8–15,1 %)". */
export const percentWithInterval = (share: number, interval: { low: number; high: number } | null): string =>
  interval ? `${danishPercent(share)} (${danishDecimal(interval.low * 100, 1)}–${danishPercent(interval.high)})` : danishPercent(share);
/** A date "2024-03-01" as "1. marts 2024". */
const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];
export const danishDate = (day: string): string => `${Number(day.slice(8, 10))}. ${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;
/** "2024-Q3" as "3. kvt. 2024". */
export const danishQuarter = (quarter: string): string => `${quarter.slice(6)}. kvt. ${quarter.slice(0, 4)}`;
