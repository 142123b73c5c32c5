// CPR numbers are recognised by content: ten digits whose first six form a valid date, whatever the column is
// called and however it is stored.
import { expect } from 'chai';
import { cprContentOf, looksLikeCpr, sexFromCprForCheck } from '../../adapters/mapping/cpr-content';

describe('CPR numbers by their content', () => {
  it('recognises ten digits whose first six are a date, with or without the hyphen, as text or as a number', () => {
    for (const v of ['0101101234', '010110-1234', ' 290200-4321 ', 3112991234, 101101234]) expect(looksLikeCpr(v), String(v)).to.equal(true);
  });

  it('does not take other numbers for CPR numbers', () => {
    for (const v of ['3201101234', '0013101234', '2902011234', '01011012345', '010110123', 'SEL-52-3-7', 42, 1000000001, null, '']) {
      expect(looksLikeCpr(v), String(v)).to.equal(false);
    }
  });

  it('says a column holds CPR numbers when at least 80 % of five or more sampled values look like one', () => {
    expect(cprContentOf(['0101101234', '0202101234', '0303101234', '0404101234', 'x'])).to.deep.equal({ sampled: 5, cprLike: 4, holdsCpr: true });
    expect(cprContentOf(['0101101234', '0202101234', '0303101234', 'x', 'y']).holdsCpr).to.equal(false);
    expect(cprContentOf(['0101101234', '0202101234', null, '']).holdsCpr).to.equal(false);
  });

  it('reads the sex from the last digit for the proxy check only (odd: male)', () => {
    expect(['0101101231', '0101101232', 'nope'].map(sexFromCprForCheck)).to.deep.equal([1, 0, null]);
  });
});
