/* Guichet chat widget: strings per language (the widget engineer fills this). */
