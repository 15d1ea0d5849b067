/** jest globalSetup: build/ compiled from the sources, and a temp folder of the run's own. */
const buildOnce = require('./build');
const tempFolder = require('./temp-folder');

module.exports = async function globalSetup() {
  tempFolder.setup();
  await buildOnce();
};
