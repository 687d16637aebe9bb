namespace Analytics.Core.Reading;

/// <summary>Every reason a file can be rejected. Stable: stored with batch errors and used by tests.</summary>
public enum ErrorCode
{
    // Structural: the file as a whole.
    EmptyFile,
    BinaryFile,
    Undecodable,
    UnknownLayout,
    BadQuoting,
    WrongFieldCount,
    MissingColumn,
    UnknownColumn,
    DuplicateColumn,
    UnknownMetric,
    NoDataRows,
    MissingAgencyOrYear,
    TooManyErrors,
    ReadFailed,
    LineTooLong,
    MixedEncodings,

    // Cell errors: one value.
    NotANumber,
    NegativeCount,
    FractionalCount,
    Overflow,
    YearNotANumber,
    YearOutOfRange,
    ConflictingValue,
    EmptyAgency,
    MixedFormatVersions,
    MissingFigures,
    HiddenCharacter,
    NameTooLong,

    // The database, not the file: the batch stopped for a reason outside its content.
    DatabaseBusy,
    StorageFull,
}
