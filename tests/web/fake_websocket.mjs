// A WebSocket the test drives by hand: what the page sends is recorded, what the server would
// send is injected with receive(), and open/close happen when the test says.

export class FakeWebSocket {
  static instances = [];

  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.closedByPage = false;
    FakeWebSocket.instances.push(this);
  }

  send(data) {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(data);
  }

  close() {
    this.closedByPage = true;
    this.readyState = 3;
  }

  // -- the test's side --
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }

  receive(data) {
    this.onmessage?.({ data });
  }

  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
}
