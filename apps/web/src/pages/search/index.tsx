import './search.css';
import { lazyPage } from '../../components/lazy-page';
import type { Area } from '../areas';

const SearchPage = lazyPage(() => import('./search-page'), 'SearchPage');

/** Everyone's search results (the box is in the top bar, so the area has no link). */
export const searchArea: Area = {
  routes: [{ path: 'search', element: <SearchPage /> }],
  nav: [],
};
