import { describe, expect, it } from 'vitest';
import { createTagger } from '../../../shared/domain/tagging';

const tagger = createTagger();
const filler = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `Shareholders discussed the quarterly results and plans for plant number ${i}.`,
  ).join(' ');

describe('a passing mention', () => {
  it('stays under the threshold when all the region’s names sit in one sentence of a long article', () => {
    const text = `${filler(8)} The company also runs a small plant in Urumqi, Xinjiang. ${filler(8)}`;
    const result = tagger.tag({ title: 'Carmaker opens factory in Hungary', text });
    expect(result.topics).toEqual([]);
    expect(result.countries).toContain('CN');
  });

  it('still counts when the same names are spread through the article', () => {
    const text = `Officials in Urumqi confirmed the transfers. ${filler(8)} Families in Xinjiang have no news. ${filler(4)} Relatives of Uyghur detainees spoke out.`;
    expect(tagger.tag({ title: 'Detainees moved', text }).topics).toEqual(['xinjiang']);
  });

  it('still counts when the title names the region', () => {
    const text = `${filler(8)} The company also runs a small plant in Urumqi, Xinjiang. ${filler(8)}`;
    expect(tagger.tag({ title: 'Xinjiang plant to close', text }).topics).toEqual(['xinjiang']);
  });
});
