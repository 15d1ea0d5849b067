/**
 * The browser test's stand-in for office.js: installs the fake `Office`/`Excel` over the workbook
 * the test put in `window.__FAKE_BOOK__`, and exposes the host as `window.__fakeHost`.
 */
import { createFakeHost, installFakeOffice } from '../fake-excel';
import { type SerializedBook, deserializeBook } from '../fake-excel/serialize';

const w = window as unknown as Record<string, unknown> & { __FAKE_BOOK__: SerializedBook; __FAKE_API_VERSION__?: number };
const host = createFakeHost(deserializeBook(w.__FAKE_BOOK__));
if (typeof w.__FAKE_API_VERSION__ === 'number') host.apiVersion = w.__FAKE_API_VERSION__;
installFakeOffice(host, w);
w.__fakeHost = host;
