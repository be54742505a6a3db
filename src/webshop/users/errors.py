from webshop.core.errors import Conflict, NotFound


class UserNotFound(NotFound):
    default_detail = "User not found"


class EmailTaken(Conflict):
    default_detail = "An account with this email already exists"


class UsernameTaken(Conflict):
    default_detail = "This username is already taken"


class CannotChangeOwnAccess(Conflict):
    default_detail = "You cannot change your own role or deactivate your own account"
