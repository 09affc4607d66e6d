# Indonesian dates spelled out, as in official letters: "18 Januari 2021", "18 Januari 2021, 09.30".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H.i"
TIME_FORMAT = "H.i"
