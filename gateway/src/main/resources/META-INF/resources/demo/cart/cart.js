// The cart demo's page (docs/demo.md): the cart lives on the server (the cart worker, demo/cart); this page shows
// the newest version it heard of and sends edits as messages to the worker, with the SDK at /switchboard.js. The
// SDK keeps the edits made offline in IndexedDB and sends them, in order, when the connection is back.
import { Switchboard } from '/switchboard.js';

const $ = (id) => document.getElementById(id);
let cart = { version: -1, items: {} };
let subscribedUser = null;

// A token for a signed-in user, when the embedding application has one (the browser tests put one here);
// without it the gateway's anonymous mode makes this browser's windows one anonymous user (its cookie).
const token = sessionStorage.getItem('switchboard-token') || undefined;

const sb = new Switchboard({
  token,
  outbox: { name: 'cart-demo' },
  onState: (state) => { $('state').textContent = state; $('state').className = 'state ' + state; showWaiting(); },
  onWelcome: (welcome) => {
    $('device').textContent = welcome.clientId.slice(0, 8);
    // Every device of the user hears each new cart on the user's private channel; the SDK subscribes again from
    // its last position on every reconnect. The current cart is asked for on every connect.
    if (subscribedUser !== welcome.userId) {
      subscribedUser = welcome.userId;
      sb.subscribe('user:' + welcome.userId, (data) => show(data && data.cart)).catch(notice);
    }
    sb.postMessage({ type: 'get' }).catch(notice);
  },
  onMessage: (data) => {
    if (data && data.cart) show(data.cart);
    if (data && data.refused) notice({ message: data.refused });
  },
  onError: notice,
});

/** Shows a cart unless this page already shows a newer one (they may arrive out of order from two paths). */
function show(next) {
  if (!next || next.version <= cart.version) return;
  cart = next;
  $('version').textContent = cart.version;
  const list = $('items');
  list.replaceChildren();
  const names = Object.keys(cart.items);
  if (!names.length) list.innerHTML = '<li class="empty">the cart is empty</li>';
  for (const name of names) {
    const row = document.createElement('li');
    row.dataset.item = name;
    const label = document.createElement('span');
    label.textContent = name + ' × ' + cart.items[name];
    const buttons = document.createElement('span');
    for (const [text, op, quantity] of [['+', 'add', 1], ['−', 'add', -1], ['remove', 'remove', 0]]) {
      const button = document.createElement('button');
      button.textContent = text;
      button.addEventListener('click', () => edit(op, name, quantity));
      buttons.append(button);
    }
    row.append(label, buttons);
    list.append(row);
  }
  showWaiting();
}

/** One edit, with an id of its own: the worker applies it once even if the SDK has to send it twice. */
function edit(op, item, quantity) {
  const message = { type: 'edit', edit: { id: editId(), op, item, quantity } };
  const sent = sb.postMessage(message);
  showWaiting();
  sent.then(showWaiting, notice);
  return message.edit.id;
}

/** 128 random bits in hex (crypto.randomUUID needs a secure context; a page on a LAN address is not one). */
function editId() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

function showWaiting() {
  $('waiting').textContent = sb.outbox.size;
}

function notice(error) {
  $('notice').textContent = error && (error.message || error.code) || '';
}

$('add').addEventListener('submit', (event) => {
  event.preventDefault();
  const item = $('item').value.trim();
  if (item) edit('add', item, 1);
  $('item').value = '';
});

// For the browser tests: what the page shows and a way to edit without clicking.
window.cartDemo = { sb, edit, cart: () => cart };
