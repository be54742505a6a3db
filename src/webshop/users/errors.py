from webshop.core.errors import Conflict, NotFound


class UserNotFound(NotFound):
    default_detail = "User not found"


class EmailTaken(Conflict):
    code = "email_taken"
    default_detail = "An account with this email already exists"


class UsernameTaken(Conflict):
    code = "username_taken"
    default_detail = "This username is already taken"


class CannotChangeOwnAccess(Conflict):
    code = "cannot_change_own_access"
    default_detail = "You cannot change your own role or deactivate your own account"
