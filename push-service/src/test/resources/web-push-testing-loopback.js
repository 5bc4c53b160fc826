// Starts npm web-push-testing's server in this process, bound to 127.0.0.1 only (its own CLI listens on every
// interface and detaches). Arguments: <test-tools folder> <port>. Prints "Server running on port <port>" when ready.
const path = require('path');
const http = require('http');

const [toolsDir, port] = process.argv.slice(2);
const pkg = path.join(toolsDir, 'node_modules', 'web-push-testing', 'src');
const TestingServer = require(path.join(pkg, 'server.js'));
const {PushApiModel} = require(path.join(pkg, 'PushApiModel.js'));

const server = new TestingServer(new PushApiModel(), Number(port));
server._app.listen = (listenPort, ready) => http.createServer(server._app).listen(listenPort, '127.0.0.1', ready);
server.startServer();
