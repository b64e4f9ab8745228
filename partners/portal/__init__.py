"""The portal: the home page and its blocks, news, collaboration matching and requests, the showcase."""
