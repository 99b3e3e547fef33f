"""`invoke stats`: what employees read, ask and miss, from the web server's access logs.

`logs` reads the lines (nginx/Apache « combined », IIS W3C extended, plain or gzip),
`meaning` says what a request means for the hub (a view of an item, a search without
result, an answer to « Cette page vous a-t-elle aidé ? », a feed fetched), `tally` counts
them without keeping who asked, and `report` draws the comms team's French page.
Nothing that identifies a person (address, user agent, cookie) is ever written.
"""
