/** jest globalSetup: build/ compiled from the sources, and a temp folder of the run's own. */
const buildOnce = require('./build');
const tempFolder = require('./temp-folder');

module.exports = async function globalSetup() {
  tempFolder.setup();
  try {
    await buildOnce();
  } catch (err) {
    // jest runs no globalTeardown when globalSetup fails: the run's folder goes here instead.
    tempFolder.discard();
    throw err;
  }
};
