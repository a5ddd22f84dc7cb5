// PluginTests replaces this file with the Swift snippet of the README tour, and adds the tour's .ipcdef files
// to MyPayloads, so that the snippet is compiled exactly as the README shows it.
