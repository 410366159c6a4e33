#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text of an error as Foundation's `localizedDescription` gives it, for modules that import
/// only FoundationEssentials (which has no `localizedDescription`), so that messages such as
/// "x.xyz: cannot read: The operation could not be completed. The file doesn’t exist." keep
/// their wording.
///
/// Where Foundation exists as a whole (macOS), this is `localizedDescription` itself. Elsewhere it
/// is Foundation's rule on Linux (swift-corelibs-foundation): the description a `LocalizedError`
/// or a Cocoa error's user info gives, else "The operation could not be completed. " followed by
/// the failure reason (theirs, the C library's `strerror` text for POSIX errors, Foundation's
/// standard reasons for Cocoa errors), else by "(DOMAIN error CODE.)". (`CustomNSError` user info
/// other than a Cocoa error's is not consulted: that protocol is Foundation's, and the errors
/// described here come from FoundationEssentials' file operations.) `SystemSupportTests`
/// compare the two on Linux.
public enum ErrorText {
    public static func of(_ error: any Error) -> String {
        #if canImport(FoundationEssentials)
        var info: [String: Any] = (error as? CocoaError)?.userInfo ?? [:]
        if let localized = error as? LocalizedError {
            if let description = localized.errorDescription { info[descriptionKey] = description }
            if let reason = localized.failureReason { info[reasonKey] = reason }
        }
        if let description = info[descriptionKey] as? String { return description }
        // Without Foundation, Cocoa and POSIX errors have Swift's default domain and code (their
        // type's name, 1); Foundation gives them their NSError domain and code.
        let domain: String, code: Int
        if let cocoa = error as? CocoaError {
            (domain, code) = ("NSCocoaErrorDomain", cocoa.code.rawValue)
        } else if let posix = error as? POSIXError {
            (domain, code) = ("NSPOSIXErrorDomain", Int(posix.code.rawValue))
        } else {
            (domain, code) = (error._domain, error._code)
        }
        let reason = info[reasonKey] as? String ?? standardReason(domain: domain, code: code)
        return "The operation could not be completed. " + (reason ?? "(\(domain) error \(code).)")
        #else
        return error.localizedDescription
        #endif
    }

    #if canImport(FoundationEssentials)
    private static let descriptionKey = "NSLocalizedDescription"
    private static let reasonKey = "NSLocalizedFailureReason"

    private static func standardReason(domain: String, code: Int) -> String? {
        switch domain {
        case "NSPOSIXErrorDomain":
            guard let text = strerror(Int32(truncatingIfNeeded: code)) else { return nil }
            return String(cString: text)
        case "NSCocoaErrorDomain":
            return cocoaErrorReasons[code]
        default:
            return nil
        }
    }

    /// Foundation's reasons for the Cocoa error codes that have one (file errors are below 1024;
    /// the others are listed so that every Cocoa error reads as in Foundation).
    private static let cocoaErrorReasons: [Int: String] = [
        4: "The file doesn’t exist.",
        255: "The file couldn’t be locked.",
        257: "You don’t have permission.",
        258: "The file name is invalid.",
        259: "The file isn’t in the correct format.",
        260: "The file doesn’t exist.",
        261: "The specified text encoding isn’t applicable.",
        262: "The specified URL type isn’t supported.",
        263: "The item is too large.",
        264: "The text encoding of the contents couldn’t be determined.",
        513: "You don’t have permission.",
        514: "The file name is invalid.",
        516: "A file with the same name already exists.",
        517: "The specified text encoding isn’t applicable.",
        518: "The specified URL type isn’t supported.",
        640: "There isn’t enough space.",
        642: "The volume is read only.",
        1024: "The value is invalid.",
        2048: "The value is invalid.",
        3072: "The operation was cancelled.",
        3328: "The requested operation is not supported.",
        3840: "The data is not in the correct format.",
        3841: "The data is in a format that this application doesn’t understand.",
        3842: "An error occurred in the source of the data.",
        3851: "An error occurred in the destination for the data.",
        3852: "An error occurred in the content of the data.",
        4353: "The file is not available on iCloud yet.",
        4354: "There isn’t enough space in your account.",
        4355: "The iCloud servers might be unreachable or your settings might be incorrect.",
        4864: "The data isn’t in the correct format.",
        4865: "The data is missing.",
        4866: "The data isn’t in the correct format.",
    ]
    #endif
}
