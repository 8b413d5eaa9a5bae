# English dates as British English and our content write them: "20 September 1963", never Django's
# American "Sept. 20, 1963" (which also reads oddly beside the Russian «20 сентября 1963 г.»).
# Only the formats that name a month; every other format stays Django's.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
# A school day reads in 24 hours in both languages: "15:00", not Django's English "3 p.m.".
TIME_FORMAT = "H:i"
