from webshop.core.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from webshop.users.schemas import PASSWORD_LIKE_ACCOUNT


class InvalidCredentials(Unauthorized):
    code = "invalid_credentials"
    default_detail = "Incorrect username or password"


class InvalidToken(Unauthorized):
    """No token, or one that is forged, expired or of the wrong kind: log in (or refresh)."""

    default_detail = "Could not validate credentials"


class SessionEnded(Unauthorized):
    """The session was ended (logout, elsewhere, a copied refresh token, an account change)."""

    code = "session_ended"
    default_detail = "This session has ended; please log in again"


class LoginSessionNotFound(NotFound):
    code = "session_not_found"
    default_detail = "No such session of yours is active"


class AccountDisabled(Forbidden):
    code = "account_disabled"
    default_detail = "This account has been deactivated"


class AdminRequired(Forbidden):
    code = "admin_required"
    default_detail = "Administrator access required"


class RoleRequired(Forbidden):
    code = "role_required"
    default_detail = "Your role does not allow this"


class WrongCurrentPassword(InvalidInput):
    code = "wrong_current_password"
    default_detail = "Current password is incorrect"


class PasswordLikeAccount(InvalidInput):
    code = "password_like_account"
    default_detail = PASSWORD_LIKE_ACCOUNT
