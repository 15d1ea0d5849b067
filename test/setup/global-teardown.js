/** jest globalTeardown: fails the run when a test left anything in the run's temp folder. */
const tempFolder = require('./temp-folder');

module.exports = async function globalTeardown() {
  tempFolder.teardown();
};
