from webshop.core.errors import Conflict, Forbidden, NotFound


class ReviewNotFound(NotFound):
    default_detail = "Review not found"


class AlreadyReviewed(Conflict):
    code = "already_reviewed"
    default_detail = "You have already reviewed this product; edit your review instead"


class NotYourReview(Forbidden):
    code = "not_your_review"
    default_detail = "You can only change your own review"
