/** The ribbon's function file: the button only opens the pane, so there is nothing to register. */
Office.onReady(() => undefined);
