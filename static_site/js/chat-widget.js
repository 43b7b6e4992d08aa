/* Guichet chat widget (being built). */
