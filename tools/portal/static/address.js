// The search in the page's address, in French words: ?mots=emploi&lieu=Melun+(77)&rayon=15
// &types=atelier&offre=ID. The person's facts are never written here: an address ends up in
// the browser's history, in shared links and in servers' logs.
const LISTS = ['themes', 'types', 'frais', 'publics', 'kinds'];

export function writeAddress(s, offer) {
  const p = new URLSearchParams();
  if (s.words) p.set('mots', s.words);
  if (s.place) p.set('lieu', s.place);
  if (s.place || s.radius !== '15') p.set('rayon', s.radius);
  if (s.theme) p.set('theme', s.theme);
  for (const name of LISTS) for (const code of s.filters[name]) p.append(name, code);
  if (s.remote && s.remote !== 'include') p.set('distance', s.remote);
  if (s.sort && s.sort !== 'auto') p.set('ordre', s.sort);
  if (s.openNow) p.set('ouvert', '1');
  if (s.coverage) p.set('couverture', '1');
  if (offer) p.set('offre', offer);
  return p;
}

// null when the address holds no search.
export function readAddress(p) {
  if (![...p.keys()].length) return null;
  const filters = {};
  for (const name of LISTS) filters[name] = p.getAll(name).filter((c) => /^[a-z0-9+_-]{1,100}$/.test(c));
  return {
    words: p.get('mots') || '',
    place: p.get('lieu') || '',
    radius: /^\d{1,3}$/.test(p.get('rayon') || '') ? p.get('rayon') : '',
    theme: p.get('theme') || '',
    filters,
    remote: p.get('distance') || '',
    sort: p.get('ordre') || '',
    openNow: p.get('ouvert') === '1',
    coverage: p.get('couverture') === '1',
    offer: p.get('offre') || '',
  };
}
