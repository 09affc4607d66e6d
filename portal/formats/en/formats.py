# The same order in English: "18 January 2021", "18 January 2021, 09:30".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
