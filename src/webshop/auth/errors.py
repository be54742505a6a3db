from webshop.core.errors import Forbidden, InvalidInput, Unauthorized


class InvalidCredentials(Unauthorized):
    default_detail = "Incorrect username or password"


class InvalidToken(Unauthorized):
    default_detail = "Could not validate credentials"


class RefreshTokenReused(Unauthorized):
    default_detail = "This session has ended; please log in again"


class AccountDisabled(Forbidden):
    default_detail = "This account has been deactivated"


class AdminRequired(Forbidden):
    default_detail = "Administrator access required"


class RoleRequired(Forbidden):
    default_detail = "Your role does not allow this"


class WrongCurrentPassword(InvalidInput):
    default_detail = "Current password is incorrect"
