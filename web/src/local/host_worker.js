// The in-browser host's worker (docs/LOCAL_HOST.md): loads the host module
// (asyncplay_host.js: the chat server and the HTTP endpoint) and serves every
// page that reaches it. As a SharedWorker each page is a `connect` event; as
// a dedicated Worker (a browser with no SharedWorker: the tab chosen as host
// runs it) the tab hands it one port per page.
import { HostLinks } from './host_links.js';

const links = new HostLinks({ locks: self.navigator?.locks ?? null, log: (text) => console.warn(text) });
self.onconnect = (event) => links.add(event.ports[0]);
self.onmessage = (event) => {
  if (event.data?.t === 'link' && event.ports[0]) links.add(event.ports[0]);
};
self.importScripts('asyncplay_host.js');
self.createAsyncplayHost({ asyncplayLocal: links.moduleHooks() }).then((module) => {
  module._asyncplay_host_start();
  links.attach(module);
}, (error) => console.error(`in-browser host: the module did not load: ${error}`));
