"""Field groups of the article page object: headline and dates, people, body, media,
taxonomy; ``layers`` says which layer each field is read from, ``inputs`` what they read."""
