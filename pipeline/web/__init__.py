"""The web desk (``sakip web``): the same library in the browser, for the office's staff."""
