"""Days in the field: a cadre at a place for a day, writing down what workers say, and turning it
into cases. The 工会主席陪伴日 (intake's visit days) and the 当一天站长 duty days at a station
(stations) are both such days and run through this one app."""
