-- EDI X12 (issue 16): the interchanges taken from each partner, so that one sent again is known as a duplicate, and
-- the control numbers of what the bridge sends back to each partner.

-- An interchange is identified by its sender (ISA05/ISA06, as "qualifier/id") and its control number (ISA13), within
-- the source it came through; recorded once its file is done.
CREATE TABLE x12_interchanges (
    source         VARCHAR(200) NOT NULL,
    sender         VARCHAR(40)  NOT NULL,
    control_number VARCHAR(20)  NOT NULL,
    file_name      VARCHAR(1000) NOT NULL,
    received_at    VARCHAR(40)  NOT NULL,
    PRIMARY KEY (source, sender, control_number)
);

-- The last control number the bridge gave an interchange (ISA13) and its group (GS06) sent back to a partner.
CREATE TABLE x12_control_numbers (
    partner     VARCHAR(250) PRIMARY KEY,
    last_number BIGINT       NOT NULL
);
