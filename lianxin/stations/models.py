"""工会驿站: stations as places, their service log, duty days and QR posters."""
